import { Type } from 'typebox';
import type { PackageRow } from '../../../../../data/packages.js';

export const PackageSchema = Type.Object({
  id: Type.String({ description: 'The installation id (32 letters and digits), as `appList` names it' }),
  name: Type.String(),
  description: Type.String(),
  isBuiltIn: Type.Boolean(),
  creationTime: Type.String({ format: 'date-time' }),
});

export function packageDto(row: PackageRow) {
  return { id: row.id, name: row.name, description: row.description, isBuiltIn: row.is_built_in, creationTime: row.created_at.toISOString() };
}
