// A browser for component tests: happy-dom's window, document and storage as globals. Imported
// first by every component test, before React. Node's own fetch classes are kept, since the
// fake API answers with them and the app reads their streams.
import { GlobalRegistrator } from '@happy-dom/global-registrator';

const node = {
  fetch: globalThis.fetch,
  Response: globalThis.Response,
  Request: globalThis.Request,
  Headers: globalThis.Headers,
  ReadableStream: globalThis.ReadableStream,
  AbortController: globalThis.AbortController,
};
GlobalRegistrator.register({ url: 'http://localhost:3000/', width: 390, height: 844 });
Object.assign(globalThis, node);
// happy-dom has no matchMedia listeners worth speaking of; the app only asks for dark mode.
