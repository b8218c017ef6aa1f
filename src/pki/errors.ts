import { RkeError } from '../errors.js';

/** A certificate could not be generated, read or validated; `subject.key` names the certificate. */
export class PkiError extends RkeError {}
