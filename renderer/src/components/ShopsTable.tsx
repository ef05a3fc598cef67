import { useState } from 'react';
import type { BridgeError, ProfilesState, ShopsResult } from '../../../preload/contract';
import { bridge, settle } from '../bridge';
import { AuthAlert } from './AuthAlert';

interface ShopsTableProps {
  readonly profile: string;
  readonly chosenShopId: string | undefined;
  readonly onChosen: (state: ProfilesState) => void;
}

/** The shops the seller authorized; choosing one stores its id and region on the profile. */
export function ShopsTable({ profile, chosenShopId, onChosen }: ShopsTableProps) {
  const [result, setResult] = useState<ShopsResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);

  const load = async (): Promise<void> => {
    setLoading(true);
    setError(null);
    const answer = await settle(bridge(), (api) => api.listShops({ profile }));
    setLoading(false);
    if (answer.ok) setResult(answer.value);
    else setError(answer.error);
  };

  const choose = async (shopId: string, shopRegion: string): Promise<void> => {
    setError(null);
    const answer = await settle(bridge(), (api) => api.chooseShop({ profile, shopId, shopRegion }));
    if (answer.ok) onChosen(answer.value);
    else setError(answer.error);
  };

  const shops = result?.profile === profile ? result.shops : null;
  return (
    <div className="shops">
      <button type="button" className="button button-secondary" onClick={() => void load()} aria-busy={loading}>
        {shops === null ? 'List shops' : 'Reload shops'}
      </button>
      {error !== null && <AuthAlert error={error} onDismiss={() => setError(null)} />}
      {shops !== null && (
        <div className="table-scroll">
          <table aria-label="Shops" className="shops-table">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Name</th>
                <th scope="col">Region</th>
                <th scope="col">Seller type</th>
                <th scope="col" aria-label="Choose" />
              </tr>
            </thead>
            <tbody>
              {shops.map((shop) => (
                <tr key={shop.id} aria-current={shop.id === chosenShopId ? 'true' : undefined}>
                  <td className="mono nowrap">{shop.id}</td>
                  <td>{shop.name}</td>
                  <td className="nowrap">{shop.region}</td>
                  <td className="nowrap">{shop.sellerType}</td>
                  <td>
                    {shop.id === chosenShopId ? (
                      <span className="chosen">Chosen</span>
                    ) : (
                      <button type="button" className="button button-secondary button-small" aria-label={`Choose shop ${shop.name || shop.id}`} onClick={() => void choose(shop.id, shop.region)}>
                        Choose
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shops.length === 0 && <p className="muted">The seller authorized no shop for this app.</p>}
        </div>
      )}
    </div>
  );
}
