export {
  api,
  apiUrl,
  configureApi,
  refreshSession,
  request,
  type RequestOptions,
  type QueryValue,
} from './client';
export { ApiError, isApiError, errorFromBody } from './errors';
