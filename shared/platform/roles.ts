/** The six roles of Gancang's API, carried in the JWT `cognito:groups` claim. */
export const ROLES = ['citizen', 'driver', 'pharmacy', 'merchant', 'taxi_operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
