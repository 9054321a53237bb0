/**
 * A migration that will not run on the data it finds (duplicates a new unique index forbids):
 * nothing is changed, and the message says what was found and what an operator does about it.
 * The CLI prints the message alone, without a stack.
 */
export class MigrationRefused extends Error {
  override readonly name = 'MigrationRefused';
}
