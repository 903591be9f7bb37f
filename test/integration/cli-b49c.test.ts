import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testBackend } from '../support/test-database.js';

interface Saida {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs `credgate b49c ...`, optionally feeding stdin; resolves with the exit code. */
function credgate(args: string[], stdin?: Buffer): Promise<Saida> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'b49c', ...args], {
      env: { PATH: process.env.PATH },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(stdin);
  });
}

const fixture = (name: string) => join('test/fixtures/serasa-bureau', name);

// No database: runs in the sqlite project only.
describe.runIf(testBackend() === 'sqlite')('credgate b49c', () => {
  const pasta = mkdtempSync(join(tmpdir(), 'credgate-cli-b49c-'));
  afterAll(() => rmSync(pasta, { recursive: true, force: true }));
  const arquivo = (nome: string, conteudo: string) => {
    const caminho = join(pasta, nome);
    writeFileSync(caminho, conteudo);
    return caminho;
  };

  it('encodes an input map to ISO-8859-1 bytes on stdout or in --saida, exit 0', async () => {
    const entrada = arquivo(
      'entrada.json',
      JSON.stringify({
        B49C_NUM_DOC: '00000000191',
        FL_HABILITA_P002: 1,
        B141_GRUPO_EMAIL: 'Cobrança',
      }),
    );
    const destino = join(pasta, 'pedido.txt');
    // Processes at once: each CLI start costs seconds on a busy machine.
    const [stdout, arquivoSaida] = await Promise.all([
      credgate(['encode', '--entrada', entrada]),
      credgate(['encode', '--entrada', entrada, '--saida', destino]),
    ]);
    expect([stdout.code, stdout.stderr]).toEqual([0, '']);
    const pedido = stdout.stdout.toString('latin1');
    expect(pedido).toHaveLength(400 + 115 * 3);
    expect(pedido.slice(10, 25)).toBe('000000000000191');
    expect([pedido.slice(400, 404), pedido.slice(515, 519), pedido.slice(630, 634)]).toEqual([
      'P002',
      'P006',
      'T999',
    ]);
    expect([arquivoSaida.code, arquivoSaida.stdout.length]).toEqual([0, 0]);
    expect(readFileSync(destino)).toEqual(stdout.stdout);
  });

  it('decodes the homologation response as the Intellector map or typed JSON, also from stdin', async () => {
    const resposta = fixture('homologacao-cpf-00000000191.txt');
    const [mapa, base0, json, stdin] = await Promise.all([
      credgate(['decode', resposta, '--formato', 'mapa']),
      credgate([
        'decode',
        fixture('negativos-cpf-00000000191.txt'),
        '--formato',
        'mapa',
        '--base',
        '0',
      ]),
      credgate(['decode', resposta]),
      credgate(
        ['decode', '-', '--formato', 'json'],
        readFileSync(fixture('negativos-cpf-00000000191.txt')),
      ),
    ]);
    expect([mapa.code, mapa.stderr]).toEqual([0, '']);
    expect(JSON.parse(mapa.stdout.toString())).toMatchObject({
      B001_QTDCPFGRAFIA: '7',
      B354_NUMCONSULTA: '5',
      B001_GRAFIA_1: 'TWSNRJC SHCHTHL OHIZ PMI NI GZEBKDH          ',
      B49C_TOTAL_REG: '0058',
    });
    expect(JSON.parse(base0.stdout.toString())).toMatchObject({
      B358_NUMPEFIN: '4',
      B358_DTOCORR_0: '20240315',
      B358_DTOCORR_3: '20250110',
    });
    expect(JSON.parse(json.stdout.toString())).toMatchObject({
      situacao: 'concluida',
      funcao: 'FIM',
      trailer: { codigo: '000', mensagem: 'PROCESSO ENCERRADO NORMALMENTE' },
      mensagens: [{ codigo: '000500' }],
    });
    const negativos = JSON.parse(stdin.stdout.toString());
    expect(negativos.registros.B358).toHaveLength(4);
    expect(negativos.registros.B358[0].campos.DTOCORR).toBe('2024-03-15');
  });

  it('exits 2 naming the field for a LayoutError, 1 for an unreadable or invalid file', async () => {
    const longo = arquivo('longo.json', JSON.stringify({ B49C_NUM_DOC: '1234567890123456' }));
    const quebrado = arquivo('quebrado.json', '{"B49C_NUM_DOC": ');
    const curta = arquivo('curta.txt', 'B49C   T999');
    const [campo, json, semArquivo, resposta] = await Promise.all([
      credgate(['encode', '--entrada', longo]),
      credgate(['encode', '--entrada', quebrado]),
      credgate(['decode', join(pasta, 'nao-existe.txt')]),
      credgate(['decode', curta]),
    ]);
    expect(campo).toMatchObject({
      code: 2,
      stderr: 'credgate b49c: B49C_NUM_DOC: tem 16 digitos; o campo tem 15\n',
    });
    expect(campo.stdout.length).toBe(0);
    expect(campo.stderr).not.toContain('1234567890123456');
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('--entrada:');
    expect(semArquivo.code).toBe(1);
    expect(semArquivo.stderr).toContain('<resposta>: arquivo nao encontrado: ');
    expect(resposta).toMatchObject({ code: 2 });
    expect(resposta.stderr).toContain('B49C: resposta com 11 bytes; o cabecalho tem 400');
  });

  it('reads layouts from --layouts and names the bad file; documents itself in Portuguese', async () => {
    const layouts = mkdtempSync(join(pasta, 'layouts-'));
    writeFileSync(
      join(layouts, 'layoutPF_b49c.xml'),
      '<serasa-bureau><field><id>B49C_REGISTRO</id><value>B49C</value><size>4</size><type>S</type></field></serasa-bureau>',
    );
    const [ruim, ajuda] = await Promise.all([
      credgate(['decode', fixture('homologacao-cpf-00000000191.txt'), '--layouts', layouts]),
      credgate(['decode', '--help']),
    ]);
    expect(ruim.code).toBe(2);
    expect(ruim.stderr).toContain(
      'layoutPF_b49c.xml: B49C: os tamanhos somam 4 bytes; o registro B49C tem 400',
    );
    expect(ajuda.stdout.toString()).toContain('Usage: credgate b49c decode [options] <resposta>');
    expect(ajuda.stdout.toString()).toContain('mapa: chaves do Intellector; json: valores tipados');
  });
});
