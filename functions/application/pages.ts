/** Which page of a list the caller asks for. */
export interface PageAsk {
  readonly limit: number;
  readonly cursor?: string;
}
