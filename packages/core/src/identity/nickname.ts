import { randomInt } from 'node:crypto';
import { OLALA_BOT } from '@olala/contract';
import { UserError } from '../errors.js';

const ADJECTIVES = [
  '용감한',
  '다정한',
  '똑똑한',
  '느긋한',
  '씩씩한',
  '명랑한',
  '차분한',
  '호기심 많은',
  '부지런한',
  '신중한',
  '유쾌한',
  '성실한',
  '날쌘',
  '꼼꼼한',
  '재빠른',
  '든든한',
  '상냥한',
  '슬기로운',
  '당당한',
  '침착한',
] as const;

const ANIMALS = [
  '수달',
  '고양이',
  '강아지',
  '다람쥐',
  '판다',
  '여우',
  '토끼',
  '펭귄',
  '부엉이',
  '고래',
  '거북이',
  '사슴',
  '햄스터',
  '돌고래',
  '너구리',
  '코알라',
  '참새',
  '하마',
  '기린',
  '족제비',
] as const;

/** Distinct at a glance on light and dark backgrounds; white text is readable on each. */
export const PALETTE = [
  '#e11d48',
  '#db2777',
  '#c026d3',
  '#7c3aed',
  '#4f46e5',
  '#2563eb',
  '#0284c7',
  '#0d9488',
  '#059669',
  '#16a34a',
  '#65a30d',
  '#ca8a04',
  '#ea580c',
  '#dc2626',
] as const;

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)]!;

/** "용감한 수달 1234": friendly, and the number makes two people with the same words tell apart. */
export function randomNickname(): string {
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)} ${String(randomInt(10_000)).padStart(4, '0')}`;
}

export function randomColor(): string {
  return pick(PALETTE);
}

/**
 * What a name looks like on screen, for comparing names: compatibility forms folded (full-width
 * letters, circled and styled characters), invisible format characters, spaces and punctuation
 * dropped, case ignored. "ｏｌａｌａ", "올 라", "올\u200b라" and "@올라" all read as the bot's name.
 */
export function nicknameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Z}\s\p{P}]/gu, '')
    .toLowerCase();
}

/** The bot posts as 올라 (id `olala`); nobody may look like it. */
const RESERVED = new Set([OLALA_BOT.username, OLALA_BOT.userId].map(nicknameKey));

export function isReservedNickname(name: string): boolean {
  return RESERVED.has(nicknameKey(name));
}

/** Refuses (400, Korean) a nickname that reads as the bot's name. */
export function assertNicknameAvailable(name: string): void {
  if (isReservedNickname(name)) {
    throw new UserError(
      `닉네임 "${OLALA_BOT.username}"은(는) 팩트체크 봇의 이름이라 쓸 수 없습니다. 다른 닉네임을 골라 주세요.`,
    );
  }
}
