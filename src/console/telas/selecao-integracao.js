import { api } from '../lib/api.js';
import { useCarregar } from '../lib/ui.js';

/** Active integrations whose provider can do `capacidade` (consulta, negativacao, recebimento). */
export function useIntegracoesCom(capacidade) {
  return useCarregar(async () => {
    const [provedores, integracoes] = await Promise.all([
      api('/v1/provedores'),
      api('/v1/integracoes?situacao=ativa&limite=200'),
    ]);
    const capazes = new Set(
      provedores.dados.filter((p) => p.capacidades[capacidade]).map((p) => p.id),
    );
    return integracoes.dados.filter((i) => capazes.has(i.provedor));
  }, [capacidade]);
}

/** Every integration (any situation), for filters. */
export function useTodasIntegracoes() {
  return useCarregar(async () => (await api('/v1/integracoes?limite=200')).dados, []);
}
