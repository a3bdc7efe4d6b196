import { Type } from 'typebox';
import { ABP_DEFAULT_PAGE_SIZE, MAX_INT4, MAX_PAGE_SIZE } from '../../../domain/paging.js';

/** ABP's paged-list arguments (`IPagedResultRequest`). */
export const pagingArguments = {
  skipCount: Type.Integer({ minimum: 0, maximum: MAX_INT4, default: 0, description: 'How many items to skip.' }),
  maxResultCount: Type.Integer({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: ABP_DEFAULT_PAGE_SIZE,
    description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${ABP_DEFAULT_PAGE_SIZE}).`,
  }),
};

/** ABP's `sorting` argument: `"field [asc|desc], ..."`. */
export const sortingArgument = Type.Optional(Type.String({ maxLength: 200, description: 'For example `userName asc, creationTime desc`.' }));
