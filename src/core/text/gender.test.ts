import assert from 'node:assert/strict';
import { test } from 'node:test';
import { genderOf } from './gender.js';

test('grammatical gender: the field, then the patronymic, then the surname', () => {
  assert.equal(genderOf({ gender: 'male', lastName: 'Смирнова' }), 'male', 'the field wins');
  assert.equal(genderOf({ lastName: 'Смирнова', middleName: null }), 'female');
  assert.equal(genderOf({ lastName: 'Волкова', middleName: 'Александровна' }), 'female');
  assert.equal(genderOf({ lastName: 'Дюма', middleName: 'Ильич' }), 'male');
  assert.equal(genderOf({ lastName: 'Ким', middleName: 'Ерланқызы' }), 'female');
  assert.equal(genderOf({ lastName: 'Петров' }), 'male');
  assert.equal(genderOf({ lastName: 'Толстая' }), 'female');
  assert.equal(genderOf({ lastName: 'Шевчук' }), null);
  assert.equal(genderOf({}), null);
});
