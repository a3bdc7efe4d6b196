import type { ColumnType, Generated } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PackageTable {
  id: string;
  name: string;
  description: Generated<string>;
  is_built_in: Generated<boolean>;
  created_at: Stamp;
}

export interface TenantPackageTable {
  tenant_id: number;
  package_id: string;
  installed_at: Stamp;
  installed_by_user_id: number | null;
}

export interface PackageTables {
  packages: PackageTable;
  tenant_packages: TenantPackageTable;
}
