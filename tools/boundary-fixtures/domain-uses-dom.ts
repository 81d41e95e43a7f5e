// The domain touching the page: the domain's tsconfig (lib ES2023, no DOM) must refuse it.
export const title = document.title;
