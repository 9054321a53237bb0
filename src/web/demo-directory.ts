/** What the landing page shows of the demo people (demo mode only). */
export interface DemoPersonCard {
  readonly realmId: string;
  readonly login: string;
  readonly password: string;
  readonly name: string;
  readonly roles: string;
  readonly note?: string;
}

/** A demo application that signs in through a realm (the demo e-journal). */
export interface DemoApplication {
  readonly realmId: string;
  readonly title: string;
  readonly url: string;
}

export interface DemoDirectory {
  readonly people: readonly DemoPersonCard[];
  readonly applications?: readonly DemoApplication[];
}
