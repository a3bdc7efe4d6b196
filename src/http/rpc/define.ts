import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Caller } from '../../domain/caller.js';
import type { Services } from '../../services/index.js';

export type RpcVerb = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RpcContext<Input, Auth extends RpcAuth> {
  caller: Auth extends 'anonymous' ? Caller | null : Caller;
  input: Input;
  services: Services;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** `caller`: an authenticated caller is required; `anonymous`: anyone may call (the caller is given if known). */
export type RpcAuth = 'caller' | 'anonymous';

/**
 * One method of the JSON RPC dialect: its contract (input and output schemas, which also document it in
 * OpenAPI) and its handler. Adding a method is one `rpcMethod({...})` in its own file plus one line in
 * `methods/index.ts`. It declares no permission: the use case it calls demands that, since the REST dialect,
 * the console and the CLI reach the same use case.
 */
export interface RpcMethod<I extends TSchema = TSchema, O extends TSchema | null = TSchema | null, A extends RpcAuth = RpcAuth> {
  /**
   * The method's name as the spec writes it, `Module/Service/Method` (served under `/api/services/`), or
   * `TokenAuth/Method` for ABP's token controller (served at `/api/TokenAuth/...`). Module, service and method
   * are read off it, so a search for the spec's path lands in the file that implements it.
   */
  path: string;
  summary: string;
  description?: string;
  /** Defaults to the ABP convention for the method name (see `verbFor`). */
  verb?: RpcVerb;
  /** Further verbs the method answers to, as existing clients call it (the input is read from the same place). */
  alsoVerbs?: readonly RpcVerb[];
  /**
   * Where the input comes from; by default the query string for GET and DELETE, the JSON body otherwise. A POST
   * method that takes its arguments from the query string (as the original platform's clients send it)
   * ignores whatever body comes with it.
   */
  inputIn?: 'query' | 'body';
  auth: A;
  /**
   * Callable by an administrator whose tenant requires two-factor sign-in before the administrator has enrolled
   * (the enrolment itself, who am I, sign-out); every other method answers 403 to such a caller.
   */
  openBeforeTwoFactorEnrolment?: boolean;
  /** The answer carries a credential (tokens, a key, a login link, a password): it is sent `Cache-Control: no-store`. */
  carriesCredential?: boolean;
  input: I;
  /** null: the method answers 200 with an empty body. */
  output: O;
  handle(context: RpcContext<Static<I>, A>): Promise<O extends TSchema ? Static<O> : void>;
}

export function rpcMethod<I extends TSchema, O extends TSchema | null, A extends RpcAuth>(method: RpcMethod<I, O, A>): RpcMethod<I, O, A> {
  return method;
}

// ABP's verb convention: Get… → GET, Update…/Put… → PUT, Delete…/Remove… → DELETE, anything else → POST.
export function verbFor(methodName: string): RpcVerb {
  if (/^Get/.test(methodName)) return 'GET';
  if (/^(Update|Put)/.test(methodName)) return 'PUT';
  if (/^(Delete|Remove)/.test(methodName)) return 'DELETE';
  return 'POST';
}

export interface RpcMethodName {
  module: string;
  service: string;
  method: string;
  /** The URL the method is served at. */
  url: string;
}

/** Reads module, service, method and URL off a method's `path` (see `RpcMethod.path`). */
export function methodName(path: string): RpcMethodName {
  const parts = path.split('/');
  if (parts.length === 2 && parts[0] === 'TokenAuth') {
    return { module: 'TokenAuth', service: 'TokenAuth', method: parts[1]!, url: `/api/${path}` };
  }
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z][A-Za-z0-9]*$/.test(p))) throw new Error(`Not an RPC method path: ${path}`);
  return { module: parts[0]!, service: parts[1]!, method: parts[2]!, url: `/api/services/${path}` };
}
