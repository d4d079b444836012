// Placeholder while the ordering handlers are written; replaced in the same change.
export const handler = async (): Promise<never> => {
  throw new Error('not implemented yet');
};
