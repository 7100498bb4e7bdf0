/** Typed client of the community server's `/webim/*` API. */
export { createApi } from './client';
export { routeUrl, withQuery } from './routes';
export { ApiError } from './types';
export type {
  ApiCall,
  ApiErrorKind,
  ApiOptions,
  CallOptions,
  HistoryParams,
  OnlineParams,
  RouteSpec,
  SendParams,
  WebIMApi,
} from './types';
