/**
 * «Мой профиль»'s two lists in one statement (`people.profileLists`), on SQLite and PostgreSQL:
 * the person's memberships by organisation name then role, the children by last then first
 * name, nothing of the children's own memberships, nothing of another parent's children.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';

for (const dialect of DIALECTS) {
  describe(`the profile page's lists on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    const person = (login: string, lastName: string, firstName: string, middleName: string | null = null) =>
      h.services.people.create({
        realmId: 'dnevnik',
        login,
        loginNormalized: login,
        lastName,
        firstName,
        middleName,
      });

    test('memberships and children, each in its own order, and only this person’s', async () => {
      const { people, organisations } = h.services;
      const school = (slug: string, name: string) =>
        organisations.create({ realmId: 'dnevnik', kind: 'school', name, slug });
      const yakor = await school('yakor', 'Школа «Якорь»');
      const avrora = await school('avrora', 'Гимназия «Аврора»');
      const parent = await person('lists.parent', 'Орлова', 'Анна', 'Петровна');
      const other = await person('lists.other', 'Соколов', 'Иван');
      const boris = await person('lists.boris', 'Орлов', 'Борис');
      const anya = await person('lists.anya', 'Орлова', 'Аня', 'Игоревна');
      const alik = await person('lists.alik', 'Абрамов', 'Алик');
      const stranger = await person('lists.stranger', 'Чужой', 'Ребёнок');
      const sixA = await organisations.createClass(yakor.id, '6А');
      await people.addMembership({
        personId: parent.id,
        organisationId: yakor.id,
        role: 'teacher',
        classId: sixA,
      });
      await people.addMembership({ personId: parent.id, organisationId: yakor.id, role: 'parent' });
      await people.addMembership({ personId: parent.id, organisationId: avrora.id, role: 'curator' });
      await people.addMembership({
        personId: boris.id,
        organisationId: yakor.id,
        role: 'student',
        classId: sixA,
      });
      for (const child of [boris, anya, alik]) await people.linkGuardian(parent.id, child.id);
      await people.linkGuardian(other.id, stranger.id);

      const lists = await people.profileLists(parent.id);
      assert.deepEqual(lists.memberships, [
        {
          organisationId: avrora.id,
          organisationName: 'Гимназия «Аврора»',
          className: null,
          role: 'curator',
        },
        { organisationId: yakor.id, organisationName: 'Школа «Якорь»', className: null, role: 'parent' },
        { organisationId: yakor.id, organisationName: 'Школа «Якорь»', className: '6А', role: 'teacher' },
      ]);
      assert.deepEqual(lists.children, [
        { last_name: 'Абрамов', first_name: 'Алик', middle_name: null },
        { last_name: 'Орлов', first_name: 'Борис', middle_name: null },
        { last_name: 'Орлова', first_name: 'Аня', middle_name: 'Игоревна' },
      ]);
      // The same rows as the two lists asked for apart.
      assert.deepEqual(lists.memberships, await people.membershipsOf(parent.id));
      assert.deepEqual(
        lists.children,
        (await people.childrenOf(parent.id)).map((c) => ({
          last_name: c.last_name,
          first_name: c.first_name,
          middle_name: c.middle_name,
        })),
      );

      assert.deepEqual(await people.profileLists(boris.id), {
        memberships: [
          { organisationId: yakor.id, organisationName: 'Школа «Якорь»', className: '6А', role: 'student' },
        ],
        children: [],
      });
      assert.deepEqual(await people.profileLists(stranger.id), { memberships: [], children: [] });
    });
  });
}
