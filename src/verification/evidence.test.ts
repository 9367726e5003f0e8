import { describe, expect, it } from 'vitest';
import { EVIDENCE_LIMITS } from '../domain/limits.js';
import { checkPdf, displayFilename } from './evidence.js';

describe('evidence file names and PDFs (pure)', () => {
  it('keeps no path, control, invisible or markup character of a client’s name, and ends it in the type’s extension', () => {
    expect(displayFilename('C:\\Users\\王\\公函.PDF', 'application/pdf')).toBe('公函.PDF');
    expect(displayFilename('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(displayFilename('a\u202Egpj.exe', 'image/jpeg')).toBe('agpj.exe.jpg');
    expect(displayFilename('scan\u0000\n.jpeg', 'image/jpeg')).toBe('scan.jpeg');
    expect(displayFilename('<img src=x onerror=alert(1)>.png', 'image/png')).toBe('img src=x onerror=alert(1).png');
    expect(displayFilename('...', 'image/webp')).toBe('evidence.webp');
    expect(displayFilename(undefined, 'application/pdf')).toBe('evidence.pdf');
    const long = displayFilename(`${'长'.repeat(300)}.pdf`, 'application/pdf');
    expect([...long].length).toBe(EVIDENCE_LIMITS.filenameMax);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('refuses a PDF whose header is not at the first byte, or that has no %%EOF at its end', () => {
    const ok = Buffer.from('%PDF-1.7\n%%EOF\n');
    expect(() => checkPdf(ok, 'file')).not.toThrow();
    expect(() => checkPdf(Buffer.from(' %PDF-1.7\n%%EOF'), 'file')).toThrow(/JPEG, PNG, WebP or PDF/);
    expect(() => checkPdf(Buffer.from('%PDF-x\n%%EOF'), 'file')).toThrow();
    expect(() => checkPdf(Buffer.concat([Buffer.from('%PDF-1.4\n%%EOF'), Buffer.alloc(2048)]), 'file')).toThrow(/%%EOF/);
  });
});
