/**
 * Compile-time check that a GraphQL object class declares no field its view lacks. `implements View` already fails
 * when the class drops one of the view's fields; this fails when the view drops one of the class's, even an optional
 * one (which assigning the view to the class would let through). Use it in a type alias that is never read:
 * `type _Checked = [NoFieldsBeyond<PlanView, PlanType>]`.
 */
export type NoFieldsBeyond<View, Class extends { [K in keyof Class]: K extends keyof View ? unknown : never }> = Class;

/**
 * Fields the views and query answers gained (corrections, supersession, unreadable entries) that GraphQL does not
 * present yet, since that would change the API: the classes implement `Without<View, NotPresented>`.
 */
export type NotPresented = 'corrections' | 'supersededBy' | 'unreadable';

/**
 * A view without the named fields, at every depth (through arrays and nullable members), for a class to implement
 * when the view carries fields that GraphQL deliberately does not present: `implements Without<PlanView, 'x'>`.
 */
export type Without<T, Keys extends PropertyKey> = T extends readonly (infer Item)[]
  ? readonly Without<Item, Keys>[]
  : T extends object
    ? { readonly [K in keyof T as K extends Keys ? never : K]: Without<T[K], Keys> }
    : T;
