/** ABP's "who am I" method: the cheapest call that needs a valid credential. */
export const WHO_AM_I = '/api/services/app/Session/GetCurrentLoginInformations';

/** A small HTTP client over fetch for tests: real requests, answers parsed when they are JSON. */
export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: T;
}

export interface RequestOptions {
  token?: string | undefined;
  headers?: Record<string, string>;
  /** A raw body sent as is (with its own content type in `headers`). */
  raw?: string;
}

export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.raw;
    if (body !== undefined && payload === undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return { status: response.status, headers: response.headers, text, body: parsed as T };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, undefined, options);
  }
  post<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, body ?? {}, options);
  }
  put<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, body ?? {}, options);
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, options);
  }

  /** Signs in through `/api/TokenAuth/Authenticate` and answers the access token (throws on failure). */
  async signIn(userNameOrEmailAddress: string, password: string, tenancyName?: string): Promise<string> {
    const answer = await this.post('/api/TokenAuth/Authenticate', { userNameOrEmailAddress, password, tenancyName });
    if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
    return answer.body.accessToken as string;
  }
}
