import { bar, expect, test } from './fixtures';

test('the demo forum shows the bar and alice can reach bob', async ({ openAs, mock }) => {
  const bob = await openAs('bob');
  const alice = await openAs('alice');
  await expect(bar(alice)).toBeAttached();
  await expect(bar(alice).getByRole('button', { name: /Buddies/ })).toBeVisible();
  await bar(alice)
    .getByRole('button', { name: /Buddies/ })
    .click();
  await alice.getByRole('treeitem', { name: /Bob/ }).click();
  const composer = alice.getByRole('textbox', { name: 'Message' });
  await composer.fill('Hello from the smoke test');
  await composer.press('Enter');
  await expect(bob.getByRole('log').getByText('Hello from the smoke test')).toBeVisible();
  const state = await mock.state();
  expect(state.users.alice?.subscribers).toHaveLength(1);
});
