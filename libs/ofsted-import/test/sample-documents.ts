/** Short documents written for these tests in the shapes Ofsted uses; no text is taken from real letters. */
export const FOCUSED_VISIT_LETTER = `
14 March 2021

Ms A Director
Director of Children's Services
North East Lincolnshire Council

Dear Ms Director

Focused visit to North East Lincolnshire children's services

This letter summarises the findings of a focused visit to North East Lincolnshire children's services on 2 and 3 March 2021. The inspectors were Amy Example HMI and Ben Sample HMI.

Inspectors looked at the local authority's arrangements for care leavers. Inspectors looked specifically at:
- pathway planning
- suitable accommodation

Areas for priority action

There are no priority actions following this focused visit.

What needs to improve in this area of social work practice

- The timeliness of pathway plans for young people turning 18.
- The recording of managers' decisions,
  so that the reasons for them are clear.

Ofsted will take the findings from this focused visit into account when planning your next inspection or visit.

Yours sincerely

Amy Example (Lead Inspector)
Her Majesty's Inspector
`;

export const MONITORING_VISIT_LETTER = `
9 December 2019

Dear Mr Officer

Monitoring visit of Telford & Wrekin local authority children's services

This letter summarises the findings of the monitoring visit to Telford and Wrekin local authority children's services on 19 and 20 November 2019. The visit was the third monitoring visit since the local authority was judged inadequate in March 2018. The inspectors were Carol Example and Dan Sample, Her Majesty's Inspectors.

Areas covered by the visit

Inspectors reviewed the progress made in the areas of:
- the front door
- children at risk of exploitation

I am copying this letter to the Department for Education.

Yours sincerely

Carol Example
Her Majesty's Inspector
`;

export const ILACS_REPORT = `
Inspection of Rutland local authority children's services
Inspection dates: 2 to 13 October 2023
Lead inspector: Eve Example, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with children and families
Good
The experiences and progress of children who need help and protection
Requires improvement to be good
The experiences and progress of children in care
Good
The experiences and progress of care leavers
Outstanding
Overall effectiveness Good
Children in Rutland are mostly well served.
What needs to improve?
- The quality of supervision.
- Return home interviews.
`;

export const NOT_OFSTED = `Minutes of the parish council meeting, 3 March 2021. The hall roof will be repaired.`;

/** A one-page PDF saying something that is not an Ofsted document, built by hand (valid xref, no fonts needed to read). */
export function minimalPdf(text: string, extraTrailer = ''): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${extraTrailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export const JTAI_LETTER = `
20 May 2022

Dear Director

Joint targeted area inspection of the multi-agency response to children at risk of criminal exploitation in Kent

This letter summarises the findings of the joint targeted area inspection (JTAI) of the multi-agency response in Kent on 4 to 8 April 2022. The inspectors were Fay Example and Gus Sample, Her Majesty's Inspectors.

Areas for priority action

- The timeliness of strategy discussions when children go missing.

Yours sincerely

Fay Example
Her Majesty's Inspector
`;
