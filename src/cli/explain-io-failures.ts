import { readFileSync, writeFileSync } from 'node:fs';

// Node's own messages (`ENOENT: no such file or directory, open ...`, `fetch failed`) say
// neither what credgate was doing nor what to do about it, and they are in English.

/** What went wrong with a file, for a message that names the option it came from. */
function motivoDeArquivo(error: unknown, arquivo: string, gravar: boolean): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return gravar
        ? `pasta nao encontrada para gravar ${arquivo}`
        : `arquivo nao encontrado: ${arquivo}`;
    case 'EACCES':
    case 'EPERM':
      return `sem permissao para ${gravar ? 'gravar' : 'ler'} ${arquivo}`;
    case 'EISDIR':
      return `${arquivo} e uma pasta, nao um arquivo`;
    default:
      return `nao foi possivel ${gravar ? 'gravar' : 'ler'} ${arquivo}`;
  }
}

/** The file's bytes (`-` is stdin); a failure names the option and says why. */
export function lerArquivo(opcao: string, arquivo: string): Buffer {
  try {
    return readFileSync(arquivo === '-' ? 0 : arquivo);
  } catch (error) {
    throw new Error(`${opcao}: ${motivoDeArquivo(error, arquivo, false)}`, {
      cause: error,
    });
  }
}

export function gravarArquivo(opcao: string, arquivo: string, dados: string | Uint8Array): void {
  try {
    writeFileSync(arquivo, dados);
  } catch (error) {
    throw new Error(`${opcao}: ${motivoDeArquivo(error, arquivo, true)}`, { cause: error });
  }
}

/** undici's `fetch failed` keeps the reason in `cause.code`. */
const MOTIVOS_DE_CONEXAO: Record<string, string> = {
  ECONNREFUSED: 'conexao recusada',
  ENOTFOUND: 'endereco nao encontrado',
  EAI_AGAIN: 'endereco nao resolvido (DNS)',
  ETIMEDOUT: 'tempo de conexao esgotado',
  UND_ERR_CONNECT_TIMEOUT: 'tempo de conexao esgotado',
  ECONNRESET: 'conexao encerrada pelo servidor',
  UND_ERR_SOCKET: 'conexao encerrada pelo servidor',
  EHOSTUNREACH: 'endereco inalcancavel',
  ENETUNREACH: 'rede inalcancavel',
};

/**
 * fetch to the credgate at `api` (the `--api` option): a request that never got an answer
 * becomes a message saying where it went, why it failed and what to check. An answer, even a
 * 5xx, is returned as it came.
 */
export async function chamarApi(api: string, caminho: string, init: RequestInit) {
  const base = api.replace(/\/+$/, '');
  try {
    return await fetch(base + caminho, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new Error(`${base} nao respondeu a tempo; o credgate esta sobrecarregado?`, {
        cause: error,
      });
    }
    const causa = (error as { cause?: { code?: string; message?: string } }).cause;
    if (causa?.code === 'ERR_INVALID_URL') {
      throw new Error(`--api: url invalida: ${api} (ex.: http://127.0.0.1:3000)`, {
        cause: error,
      });
    }
    const motivo =
      MOTIVOS_DE_CONEXAO[causa?.code ?? ''] ?? causa?.code ?? causa?.message ?? String(error);
    throw new Error(
      `nao foi possivel conectar a ${base} (${motivo}); o credgate esta rodando? use --api <url>`,
      { cause: error },
    );
  }
}
