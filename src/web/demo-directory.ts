/** What the landing page shows of the demo people (demo mode only). */
export interface DemoPersonCard {
  readonly realmId: string;
  readonly login: string;
  readonly password: string;
  readonly name: string;
  readonly roles: string;
  readonly note?: string;
}

export interface DemoDirectory {
  readonly people: readonly DemoPersonCard[];
}
