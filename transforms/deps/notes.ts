import { FindingKind } from '../../src/findings';

/** A finding about one environment.yml entry, reported once the output file is written. */
export interface Note {
  kind: FindingKind;
  code: string;
  message: string;
  /** Where the entry is in the environment file. */
  offset?: number;
  /** The requirement it is about: the finding then points at that requirement's line in the output. */
  name?: string;
}
