// The design system. Import from 'components' only (not the files), so pages stay consistent.
export { Alert, type Tone } from './Alert';
export { Badge, StatusBadge, type Status } from './Badge';
export { Button, IconButton, type ButtonProps, type ButtonVariant, type IconButtonProps } from './Button';
export { ConfirmDialog, Dialog, type ConfirmDialogProps, type DialogProps } from './Dialog';
export {
  Checkbox,
  Select,
  Switch,
  TextArea,
  TextField,
  type SelectOption,
  type SelectProps,
  type TextAreaProps,
  type TextFieldProps,
} from './Field';
export { describeApiError, Form, useApiForm, useFormFields, type ApiForm, type FormProps } from './Form';
export { FormDialog, type FormDialogProps } from './FormDialog';
export { Card, PageHeader, Stack } from './Layout';
export { FilterBox, NewButton } from './ListControls';
export { Loading, Skeleton, Spinner } from './Loading';
export { Pager, type PagerProps } from './Pager';
export {
  ListDialogsView,
  ResourceTable,
  type DeleteSpec,
  type ResourceTableProps,
  type RowActionSpec,
} from './ResourceTable';
export { EmptyState, ErrorState, ResourceView, type ResourceLike } from './States';
export { DEFAULT_PAGE_SIZE, Table, type Column, type TableProps } from './Table';
export { Tabs, type TabItem } from './Tabs';
export { toast, Toaster } from './Toast';
