import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latinVariants, transliterate } from './transliterate.js';

test('transliterate: the informal spelling', () => {
  assert.equal(transliterate('Волкова'), 'volkova');
  assert.equal(transliterate('Екатерина'), 'ekaterina');
  assert.equal(transliterate('Щукин'), 'shchukin');
  assert.equal(transliterate('Юлия'), 'yuliya');
  assert.equal(transliterate('Хрущёв'), 'khrushchev');
  assert.equal(transliterate('Подъячий'), 'podyachiy');
  assert.equal(transliterate('Қасымова'), 'kasymova');
  // Latin, digits and punctuation pass through.
  assert.equal(transliterate('Volkova-2'), 'volkova-2');
});

test('latinVariants: informal, passport and wrong-layout forms', () => {
  assert.deepEqual(latinVariants('Юлия'), ['юлия', 'yuliya', 'iuliia', '.kbz']);
  assert.deepEqual(latinVariants('Волкова'), ['волкова', 'volkova', 'djkrjdf']);
  assert.deepEqual(latinVariants('Volkova'), ['volkova']);
});
