import { Type } from 'typebox';
import { INT4_MAX } from '../../../domain/int4.js';

/** ABP's paged-list arguments (`IPagedResultRequest`): at most 1000 items a page, 10 by default. */
export const pagingArguments = {
  skipCount: Type.Integer({ minimum: 0, maximum: INT4_MAX, default: 0, description: 'How many items to skip.' }),
  maxResultCount: Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'Page size, 1 to 1000.' }),
};

/** ABP's `sorting` argument: `"field [asc|desc], ..."`. */
export const sortingArgument = Type.Optional(Type.String({ maxLength: 200, description: 'For example `userName asc, creationTime desc`.' }));
