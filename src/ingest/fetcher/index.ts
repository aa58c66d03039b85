export { DEFAULT_ACCEPT, DEFAULT_FETCHER_CONFIG, Fetcher } from './fetcher';
export type { FetcherConfig, FetchOptions } from './fetcher';
export {
  BlockedAddressError,
  DecompressionError,
  FetchError,
  FetchTimeoutError,
  FetchTooLargeError,
  HttpStatusError,
  InvalidUrlError,
  NetworkError,
  TooManyRedirectsError,
} from './errors';
