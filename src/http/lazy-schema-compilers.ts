import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own schema compilers (Ajv for inputs, fast-json-stringify for answers), each route's compiled on its
 * first request instead of at start-up. The service declares a few hundred routes and a deployment serves a handful
 * of them most of the time: compiling them all made a start cost about 0.4 s of CPU more (0.8 s against 0.35 s for
 * a whole app on PostgreSQL), paid by every instance, every CLI command that builds the app and every test file.
 * What a route validates and answers is unchanged: the same compilers with the same options, only later.
 */
export class LazySchemaCompilers {
  /** The compilations not yet asked for, so `compileAll` can prove every schema compiles. */
  private readonly pending = new Set<() => unknown>();
  // One of each per app, as Fastify keeps them: they pool their Ajv instances by options.
  private readonly validators = AjvCompiler();
  private readonly serializers = SerializerSelector();

  /** Fastify's `schemaController.compilersFactory`. */
  readonly factory = {
    buildValidator: (...factoryArguments: Parameters<ReturnType<typeof AjvCompiler>>) => {
      const compile = this.validators(...factoryArguments);
      return (route: Parameters<typeof compile>[0]): ReturnType<typeof compile> => {
        const validator = this.once(() => compile(route));
        const lazy = ((data: unknown) => validator()(data)) as ReturnType<typeof compile>;
        // Fastify reads a failed validation's `errors` from the function it was given.
        Object.defineProperty(lazy, 'errors', { get: () => validator().errors });
        return lazy;
      };
    },
    buildSerializer: (...factoryArguments: Parameters<ReturnType<typeof SerializerSelector>>) => {
      const compile = this.serializers(...factoryArguments);
      return (route: Parameters<typeof compile>[0]): ReturnType<typeof compile> => {
        const serializer = this.once(() => compile(route));
        return (data: unknown) => serializer()(data);
      };
    },
  };

  /** Compiles every schema not compiled yet; throws what a route's first request would have met. */
  compileAll(): number {
    const count = this.pending.size;
    for (const compile of [...this.pending]) compile();
    return count;
  }

  private once<T>(compile: () => T): () => T {
    let compiled: { value: T } | undefined;
    const get = () => {
      if (!compiled) {
        compiled = { value: compile() };
        this.pending.delete(get);
      }
      return compiled.value;
    };
    this.pending.add(get);
    return get;
  }
}
