/** What a CLI command writes, kept for the test to read (a command's `Output`). */
export class Captured {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
