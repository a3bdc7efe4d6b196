import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadParser, unpinnedTables } from '../helpers/tenant-predicates.js';

const distributed = new Map([
  ['users', 'tenant_id'],
  ['roles', 'tenant_id'],
  ['user_roles', 'tenant_id'],
  ['api_keys', 'tenant_id'],
]);

describe('the tenant-predicate check of the Citus plan', () => {
  before(loadParser);

  it('should pass statements pinned to one tenant by a value, an insert’s columns or a join on the distribution column', () => {
    for (const statement of [
      'select * from "users" where "tenant_id" = $1 and "id" = $2',
      'select u.id from users as u join user_roles ur on ur.tenant_id = u.tenant_id and ur.user_id = u.id where u.tenant_id = $1',
      'update "api_keys" set "revoked_at" = now() where "tenant_id" = $1 and "id" = $2',
      'delete from roles where tenant_id in ($1, $2)',
      'insert into "users" ("tenant_id", "user_name") values ($1, $2) returning *',
      'select * from users where tenant_id = tenantry_current_tenant()',
      'select * from users where tenant_id = $1::integer',
      'select * from products where id = $1',
    ]) {
      assert.deepEqual(unpinnedTables(statement, distributed), [], statement);
    }
  });

  it('should name each distributed table a statement leaves unpinned', () => {
    assert.deepEqual(unpinnedTables('select * from "users" where lower("email") = lower($1)', distributed), ['users']);
    assert.deepEqual(unpinnedTables('select * from users u join roles r on r.id = u.id where u.tenant_id = $1', distributed), ['roles']);
    assert.deepEqual(unpinnedTables('update api_keys set name = $1 where id = $2', distributed), ['api_keys']);
    assert.deepEqual(unpinnedTables('insert into users (user_name) values ($1)', distributed), ['users']);
    assert.deepEqual(unpinnedTables('select count(*) from users where tenant_id > $1', distributed), ['users']);
    assert.deepEqual(
      unpinnedTables('select * from users u where u.tenant_id = $1 and exists (select 1 from api_keys k where k.user_id = u.id)', distributed),
      ['api_keys'],
      'a correlated sub-query on another distributed table needs its own pin',
    );
  });
});
