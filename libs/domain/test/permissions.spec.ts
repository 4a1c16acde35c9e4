import { authorise, readableCouncils, RECORDING_ROLES, ROLES, type Permission, type RoleGrant } from '@plan-ledger/domain';

const viewer885: RoleGrant = { role: 'viewer', councils: ['885'] };
const editor885: RoleGrant = { role: 'editor', councils: ['885'] };
const board885: RoleGrant = { role: 'board', councils: ['885'] };
const inspectionData: RoleGrant = { role: 'inspection-data', councils: 'all' };
const auditor: RoleGrant = { role: 'auditor', councils: 'all' };
const admin: RoleGrant = { role: 'admin', councils: 'all' };

const record = (type: keyof typeof RECORDING_ROLES, gradedBy?: 'board' | 'commissioner' | 'council' | 'inspectors'): Permission => ({
  kind: 'record',
  command: { type, gradedBy },
});

describe('permissions', () => {
  it("lets an editor record its own council's plan changes, not another council's", () => {
    expect(authorise([editor885], record('SetPriority'), '885')).toEqual({ allowed: true, role: 'editor', council: '885' });
    expect(authorise([editor885], record('SetPriority'), '344')).toEqual({
      allowed: false,
      missing: 'to record SetPriority for council 344 needs editor for council 344 (holds editor for 885)',
    });
  });

  it('lets each body record only its own grades', () => {
    expect(authorise([board885], record('GradeProgress', 'board'), '885').allowed).toBe(true);
    expect(authorise([board885], record('GradeProgress', 'commissioner'), '885').allowed).toBe(false);
    expect(authorise([editor885], record('GradeProgress', 'council'), '885').allowed).toBe(true);
    expect(authorise([inspectionData], record('GradeProgress', 'inspectors'), '344').allowed).toBe(true);
  });

  it('keeps national data national: inspections by inspection-data for any council, councils registered by admins', () => {
    expect(authorise([inspectionData], record('RecordInspection'), '344').allowed).toBe(true);
    expect(authorise([editor885], record('RecordInspection'), '885').allowed).toBe(false);
    expect(authorise([admin], record('RegisterAuthority'), '344').allowed).toBe(true);
    expect(authorise([inspectionData], record('RegisterAuthority'), '344').allowed).toBe(false);
  });

  it('lets auditors read and audit everything and write nothing', () => {
    expect(authorise([auditor], { kind: 'read' }, '344').allowed).toBe(true);
    expect(authorise([auditor], { kind: 'audit' }).allowed).toBe(true);
    for (const type of Object.keys(RECORDING_ROLES) as (keyof typeof RECORDING_ROLES)[])
      expect(authorise([auditor], record(type), '885').allowed).toBe(false);
    expect(authorise([auditor], { kind: 'sign-checkpoint' }).allowed).toBe(false);
  });

  it("keeps admins out of councils' records unless granted a reading role, which is then on the record", () => {
    expect(authorise([admin], { kind: 'read' }, '885').allowed).toBe(false);
    expect(authorise([admin], { kind: 'manage-access' }).allowed).toBe(true);
  });

  it('gives nobody without a role anything, and says so', () => {
    for (const kind of ['read', 'audit', 'import', 'manage-access', 'sign-checkpoint', 'notary', 'health-details'] as const)
      expect(authorise([], { kind }, '885')).toMatchObject({ allowed: false, missing: expect.stringContaining('(holds no role)') });
  });

  it('lists the councils a principal may read', () => {
    expect(readableCouncils([viewer885, { role: 'commissioner', councils: ['344'] }, admin])).toEqual(new Set(['885', '344']));
    expect(readableCouncils([viewer885, auditor])).toBe('all');
    expect(readableCouncils([admin])).toEqual(new Set());
  });

  it('has an allowed role for every command, and only roles that exist', () => {
    for (const roles of Object.values(RECORDING_ROLES)) {
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(ROLES).toContain(role);
    }
  });
});
