/**
 * The typed client the screens use: one function per contract method. Inputs are
 * checked with the contract's own schemas before they leave (the same messages the
 * core would send back), and the operator token of whoever is signed in rides along.
 */
import { contract, methodNames, type Api, type MethodName } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { t } from '../i18n';
import type { Transport } from './transport';
import { schemaErrors } from './validate';

export function createApi(transport: Transport, operatorToken: () => string | null): Api {
  const api: Partial<Record<MethodName, (input: unknown) => Promise<unknown>>> = {};
  for (const name of methodNames) {
    api[name] = async (input: unknown) => {
      const fields = schemaErrors(contract[name].input, input ?? {});
      if (Object.keys(fields).length) throw new AppError('invalid_input', fields._ ?? t('components.error.checkFields'), fields);
      return transport.call(name, input ?? {}, operatorToken());
    };
  }
  return api as Api;
}
