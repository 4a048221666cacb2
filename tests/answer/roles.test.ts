import { describe, expect, it } from 'vitest';
import { askedRole, roleHolder } from '../../src/answer/roles.js';

describe('roleHolder', () => {
  it.each([
    ['县政府成立了以常务副县长为组长的政府信息公开工作领导小组', '组长', '常务副县长'],
    ['调整了由局长任组长、两名副局长任副组长的信息公开工作领导小组', '组长', '局长'],
    ['调整了由局长任组长、两名副局长任副组长的信息公开工作领导小组', '副组长', '两名副局长'],
    ['成立政府信息公开工作监督小组,组长由局主要负责人担任', '组长', '局主要负责人'],
    ['全年主动公开信息120条', '组长', null],
  ])('%s · %s → %s', (sentence, role, holder) => {
    expect(roleHolder(sentence, role)).toBe(holder);
  });

  it('reads the asked role, the longer first', () => {
    expect(askedRole('领导小组副组长是谁')).toBe('副组长');
    expect(askedRole('由谁担任组长')).toBe('组长');
    expect(askedRole('政务公开工作由哪个部门牵头')).toBe('牵头');
  });
});
