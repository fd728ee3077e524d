import { readFileSync } from 'node:fs';
import { personalDataIn } from '../../domain/anonymity';
import { CourtDirectory } from '../../domain/courts';

/** Issue 20: the one personal-data detector for what the center publishes (typical cases, knowledge). */
const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
const citizen = {
  content: '我的案件一直没有开庭通知，想了解进展，已经等了三个多月了。',
  contact: { name: '张小明', phone: '0793-5551234' },
  caseNumber: '(2026)赣1126民初123号',
};
const codes = (text: string, known = {}) =>
  personalDataIn([{ field: 'summary', label: '摘要', text }], known).map((f) => f.code);

describe('numbers hidden from a plain pattern', () => {
  test.each([
    ['full-width', '电话１３８００１３８０００'],
    ['dotted', '电话138.0013.8000'],
    ['spaced', '电话138 0013 8000'],
    ['dashed full-width', '电话139－1234－5678'],
    ['Chinese numerals', '电话一三八〇〇一三八〇〇〇'],
    ['spoken numerals', '电话幺三八零零幺三八零零零'],
    ['capital numerals', '电话壹叁捌零零壹叁捌零零零'],
    ['country code', '+86 138 0013 8000'],
  ])('a mobile number, %s, is a phone', (_how, text) => {
    expect(codes(text)).toEqual(['phone']);
  });

  test("the citizen's own landline, an identity card number", () => {
    expect(codes('请拨打0793 555 1234联系', { citizen })).toEqual(['phone']);
    expect(codes('身份证号36010219900101123x')).toEqual(['id_number']);
  });

  test('a case number, with or without its year, in digits or numerals', () => {
    for (const text of [
      '（2026）赣1126民初123号',
      '赣1126民初123号',
      '赣0102执恢7号',
      '赣民终5号',
      '赣一一二六民初一二三号',
    ])
      expect([text, codes(text)]).toEqual([text, ['case_number']]);
  });
});

describe('what passes', () => {
  test("courts' own numbers, dates, amounts, places that look like case numbers", () => {
    for (const text of [
      '可拨打12368，或诉讼服务中心电话0797-8888888。',
      '2026年3月13日至15日，第一二三条规定的期限内。',
      '执行款13,500元已于3月15日发放。',
      '请到赣州中院执行局一号窗口办理。',
    ])
      expect([text, codes(text, { citizen })]).toEqual([text, []]);
  });
});

describe('what is known of the matter', () => {
  test("the citizen's name and their own words; the accused court of a complaint", () => {
    expect(codes('当事人张 小明来电', { citizen })).toEqual(['name']);
    expect(codes('当事人称案件一直没有开庭通知想了解进展', { citizen })).toEqual(['quote']);
    expect(codes('当事人投诉弋阳法院工作人员', { accusedCourt: courts.get('赣1126') })).toEqual([
      'accused_court',
    ]);
  });

  test('each finding names its field and says, in Chinese, what to change', () => {
    const found = personalDataIn([
      { field: 'title', label: '标题', text: '电话138.0013.8000' },
      { field: 'tags', label: '标签', text: ['开庭', '赣1126民初1号'] },
    ]);
    expect(found).toEqual([
      { field: 'title', code: 'phone', message: '标题含有电话号码，请删除' },
      { field: 'tags', code: 'case_number', message: '标签含有案号，请删除' },
    ]);
  });
});
