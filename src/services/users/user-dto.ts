import type { UserRow } from '../../data/users.js';

/** A user as the RPC dialect shows it (ASP.NET Zero's user DTO). Never carries the password hash. */
export interface UserDto {
  id: number;
  userName: string;
  name: string;
  surname: string;
  emailAddress: string;
  phoneNumber: string | null;
  isActive: boolean;
  isEmailConfirmed: boolean;
  shouldChangePasswordOnNextLogin: boolean;
  isLockedOut: boolean;
  roleNames: string[];
  creationTime: string;
}

export function userDto(row: UserRow, roleNames: readonly string[], now = Date.now()): UserDto {
  return {
    id: row.id,
    userName: row.user_name,
    name: row.name,
    surname: row.surname,
    emailAddress: row.email,
    phoneNumber: row.phone,
    isActive: row.is_active,
    isEmailConfirmed: row.is_email_confirmed,
    shouldChangePasswordOnNextLogin: row.must_change_password,
    isLockedOut: row.lockout_end !== null && row.lockout_end.getTime() > now,
    roleNames: [...roleNames].sort(),
    creationTime: row.created_at.toISOString(),
  };
}
