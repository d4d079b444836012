import { writeFileSync } from 'node:fs';
import { DOCUMENT_FILE, documentText, TYPES_FILE, typesText } from './generate.ts';

const document = documentText();
writeFileSync(DOCUMENT_FILE, document);
writeFileSync(TYPES_FILE, await typesText(document));
console.log(`Wrote ${DOCUMENT_FILE.pathname} and ${TYPES_FILE.pathname}`);
