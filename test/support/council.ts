import { graphql } from './graphql';

/** Plans need a registered council: Worcestershire, exactly as the national register has it. */
export async function registerWorcestershire(baseUrl: string): Promise<void> {
  const response = await graphql(
    baseUrl,
    `
      mutation {
        registerAuthority(
          input: {
            laCode: "885"
            name: "Worcestershire"
            region: "West Midlands"
            onsCode: "E10000034"
            occurredAt: { from: "2016-10", precision: "month" }
          }
        ) {
          revision
        }
      }
    `,
  );
  if (response.errors) throw new Error(`could not register Worcestershire: ${response.raw}`);
}
