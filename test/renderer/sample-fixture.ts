/** A minimal invented encounter in the sample-file format, for the store tests. */
export const sampleRecord = (id: string) => ({
  id,
  visit: 'Office visit',
  patient: { mrn: `MRN-${id}`, name: 'Invented Person', birthDate: '1970-01-01', sex: 'male' },
  dateOfService: '2026-06-01',
  setting: 'office',
  provider: { name: 'Dr. Invented', specialty: 'Internal medicine' },
  documents: [{ id: `${id}-1`, title: 'Note', author: 'Dr. Invented', date: '2026-06-01', text: 'Assessment: essential hypertension.' }],
  answerKey: { diagnoses: [{ code: 'I10' }], procedures: [], rationale: '' },
});
