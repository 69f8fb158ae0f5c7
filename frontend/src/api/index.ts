export {
  api,
  apiUrl,
  configureApi,
  refreshSession,
  request,
  list,
  page,
  MAX_LIST_PAGES,
  type ListOptions,
  type Page,
  type RequestOptions,
  type QueryValue,
} from './client';
export { ApiError, isApiError, errorFromBody } from './errors';
export { parseLinkHeader, linkTarget, type LinkValue } from './links';
