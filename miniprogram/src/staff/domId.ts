/** An element id from a server id (which may hold ':' and '.'), safe in a CSS selector: `#approval-S1_A-1001`. */
export const domId = (id: string) => id.replace(/[^\w-]/g, '_')
