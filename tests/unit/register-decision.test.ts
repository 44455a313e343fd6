/**
 * The decisions of a registration (shared/domain/registration.ts), without a database: examples, and
 * a property over a model of the unit of work's conditions (the phone's and the openid's lookup items
 * written only if absent; a profile bound to no other openid), with other registrations slipped in
 * between the read and the write: a phone and an openid each belong to at most one member, and a
 * registration answers the member holding her openid.
 */
import fc from 'fast-check';
import { afterRegistrationWrite, answerOwnRace, decideRegistration, type RegistrationWrite } from '../../shared/domain/registration';

describe('registration decisions: examples', () => {
  test('her openid has a member: answer it; else bind the phone’s member; else create', () => {
    expect(decideRegistration({ openidMember: 'm1', phoneOwner: 'm2' })).toEqual({ step: 'answer', memberId: 'm1' });
    expect(decideRegistration({ openidMember: null, phoneOwner: 'm2' })).toEqual({ step: 'bind', memberId: 'm2' });
    expect(decideRegistration({ openidMember: null, phoneOwner: null })).toEqual({ step: 'create' });
  });

  test('what a write’s outcome means', () => {
    const bind = { step: 'bind' as const, memberId: 'm2' };
    const create = { step: 'create' as const };
    expect(afterRegistrationWrite(bind, 'm2', 'ok')).toEqual({ next: 'done', memberId: 'm2', bound: true, created: false });
    expect(afterRegistrationWrite(create, 'm9', 'ok')).toEqual({ next: 'done', memberId: 'm9', bound: false, created: true });
    expect(afterRegistrationWrite(bind, 'm2', 'openid_taken')).toEqual({ next: 'own_race', phoneOwner: 'm2' });
    expect(afterRegistrationWrite(create, 'm9', 'openid_taken')).toEqual({ next: 'own_race', phoneOwner: null });
    expect(afterRegistrationWrite(bind, 'm2', 'member_has_other_openid')).toEqual({ next: 'refuse', refusal: 'phone_bound_elsewhere' });
    expect(afterRegistrationWrite(create, 'm9', 'phone_taken')).toEqual({ next: 'retry' });
    expect(afterRegistrationWrite(bind, 'm2', 'conflict')).toEqual({ next: 'retry' });
  });

  test('a concurrent identical call: answer its member when it holds the phone', () => {
    expect(answerOwnRace('m2', 'm2')).toEqual({ ok: true, memberId: 'm2' });
    expect(answerOwnRace('m3', null)).toEqual({ ok: true, memberId: 'm3' });
    expect(answerOwnRace('m3', 'm2')).toEqual({ ok: false, refusal: 'wechat_bound_elsewhere' });
    expect(answerOwnRace(null, 'm2')).toEqual({ ok: false, refusal: 'busy' });
  });
});

/** The table as the unit of work sees it: lookup items and profiles. */
interface World {
  phones: Map<string, string>;
  openids: Map<string, string>;
  profiles: Map<string, { phone: string; openid: string | null }>;
  seq: number;
}

function createMember(w: World, m: { memberId: string; phone: string; openid: string }): RegistrationWrite {
  if (w.phones.has(m.phone)) return 'phone_taken';
  if (w.openids.has(m.openid)) return 'openid_taken';
  w.phones.set(m.phone, m.memberId);
  w.openids.set(m.openid, m.memberId);
  w.profiles.set(m.memberId, { phone: m.phone, openid: m.openid });
  return 'ok';
}

function bindOpenid(w: World, memberId: string, openid: string): RegistrationWrite {
  if (w.openids.has(openid)) return 'openid_taken';
  const p = w.profiles.get(memberId)!;
  if (p.openid !== null && p.openid !== openid) return 'member_has_other_openid';
  w.openids.set(openid, memberId);
  p.openid = openid;
  return 'ok';
}

type Answer = { memberId: string } | { refusal: string };

/** The use case's loop over the model; `meanwhile` runs between each read and its write. */
function register(w: World, openid: string, phone: string, meanwhile: () => void): Answer {
  const first = decideRegistration({ openidMember: w.openids.get(openid) ?? null, phoneOwner: null });
  if (first.step === 'answer') return { memberId: first.memberId };
  for (let attempt = 0; attempt < 6; attempt++) {
    const step = decideRegistration({ openidMember: null, phoneOwner: w.phones.get(phone) ?? null });
    if (step.step === 'answer') break;
    meanwhile();
    const memberId = step.step === 'bind' ? step.memberId : `m${w.seq++}`;
    const out = step.step === 'bind' ? bindOpenid(w, memberId, openid) : createMember(w, { memberId, phone, openid });
    const next = afterRegistrationWrite(step, memberId, out);
    if (next.next === 'done') return { memberId: next.memberId };
    if (next.next === 'own_race') {
      const r = answerOwnRace(w.openids.get(openid) ?? null, next.phoneOwner);
      return r.ok ? { memberId: r.memberId } : { refusal: r.refusal };
    }
    if (next.next === 'refuse') return { refusal: next.refusal };
  }
  return { refusal: 'busy' };
}

describe('registrations over the model: properties', () => {
  test('a phone and an openid each belong to at most one member; she is answered the member holding her openid', () => {
    const call = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(
        // Members imported from stores (phone, no openid), the registrations, and which ones slip in between a read and a write.
        fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
        fc.array(fc.tuple(call, fc.array(call, { maxLength: 2 })), { minLength: 1, maxLength: 20 }),
        (imported, calls) => {
          const w: World = { phones: new Map(), openids: new Map(), profiles: new Map(), seq: 0 };
          for (const p of imported) {
            const id = `imp${p}`;
            w.phones.set(`139${p}`, id);
            w.profiles.set(id, { phone: `139${p}`, openid: null });
          }
          for (const [[o, p], racers] of calls) {
            const openid = `o${o}`;
            const phone = `139${p}`;
            let pending = [...racers];
            const meanwhile = () => {
              const next = pending.shift();
              if (next) register(w, `o${next[0]}`, `139${next[1]}`, () => {});
            };
            const out = register(w, openid, phone, meanwhile);
            pending = [];
            if ('memberId' in out) {
              // The member answered holds her openid, and asking again answers the same member.
              expect(w.openids.get(openid)).toBe(out.memberId);
              expect(w.profiles.get(out.memberId)!.openid).toBe(openid);
              expect(register(w, openid, phone, () => {})).toEqual(out);
            } else {
              expect(['phone_bound_elsewhere', 'wechat_bound_elsewhere']).toContain(out.refusal);
            }
            // Lookups and profiles agree: one member per phone and per openid, one openid per member.
            for (const [ph, id] of w.phones) expect(w.profiles.get(id)!.phone).toBe(ph);
            for (const [oid, id] of w.openids) expect(w.profiles.get(id)!.openid).toBe(oid);
            const bound = [...w.profiles.values()].map((x) => x.openid).filter((x) => x !== null);
            expect(new Set(bound).size).toBe(bound.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
