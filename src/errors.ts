/** Something the member did that we can explain; shown to them as is, ephemerally. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}
