/**
 * Ozon Performance answers as Ozon's OpenAPI document of the Performance API describes them (version
 * 2.0, the swagger behind docs.ozon.ru/api/performance; read in MissiaL/ozon-api,
 * `references/ozon-performance-openapi.json`, commit 0bbced1). `../shared/specs/` has no copy and none
 * is shipped (no licence is stated), so the schemas mkt's sandbox is held to are written out here:
 * field names, types and enums only, each with the schema it comes from.
 */
import type { Schema } from './openapi.js';

const str: Schema = { type: 'string' };
const enumOf = (...values: string[]): Schema => ({ type: 'string', enum: values });

/** Tag `Token`: the answer of `POST /api/client/token`. */
export const TOKEN_ANSWER: Schema = {
  type: 'object',
  properties: { access_token: str, expires_in: { type: 'integer' }, token_type: enumOf('Bearer') },
  required: ['access_token', 'expires_in', 'token_type'],
};

/** `rpcStatus`: every operation's `default` answer. */
export const ERROR: Schema = { type: 'object', properties: { error: str }, required: ['error'] };

/** The states of `extcampaignCampaignState` (listed in its description and in `ListCampaigns`' `state` parameter). */
const STATE = enumOf(
  'CAMPAIGN_STATE_UNKNOWN', 'CAMPAIGN_STATE_RUNNING', 'CAMPAIGN_STATE_PLANNED', 'CAMPAIGN_STATE_STOPPED', 'CAMPAIGN_STATE_INACTIVE',
  'CAMPAIGN_STATE_ARCHIVED', 'CAMPAIGN_STATE_MODERATION_DRAFT', 'CAMPAIGN_STATE_MODERATION_IN_PROGRESS', 'CAMPAIGN_STATE_MODERATION_FAILED', 'CAMPAIGN_STATE_FINISHED',
);

const common: Record<string, Schema> = {
  id: str, title: str, state: STATE, fromDate: str, toDate: str, budget: str, dailyBudget: str, weeklyBudget: str,
  createdAt: str, updatedAt: str, isAutocreated: { type: 'boolean' },
  autostopStatus: enumOf('AUTOSTOP_STATUS_NONE', 'AUTOSTOP_STATUS_ENABLED', 'AUTOSTOP_STATUS_DISABLED', 'AUTOSTOP_STATUS_STOPPED'),
  productAutopilotStrategy: enumOf('MAX_VIEWS', 'MAX_CLICKS', 'TOP_MAX_CLICKS', 'NO_AUTO_STRATEGY', 'TAKEOVER', 'TOP_PROMOTION'),
  productCampaignMode: enumOf('PRODUCT_CAMPAIGN_MODE_AUTO', 'PRODUCT_CAMPAIGN_MODE_MANUAL'),
};

/** `extcampaignCampaignInList` (`paymentType`: `camptypeCampaignTypeInList`, CPC, CPM or CPO), in `extcampaignCampaignsList`. */
export const CAMPAIGN_LIST: Schema = {
  type: 'object',
  properties: {
    list: { type: 'array', items: { type: 'object', properties: { ...common, paymentType: enumOf('CPC', 'CPM', 'CPO'), advObjectType: enumOf('SKU', 'BANNER', 'SEARCH_PROMO', 'VIDEO_BANNER') } } },
  },
  required: ['list'],
};

/** `extcampaignCampaign` (`paymentType`: `camptypeCampaignType`, CPC): the answer of `…/activate` and `…/deactivate`. */
export const CAMPAIGN: Schema = { type: 'object', properties: { ...common, paymentType: enumOf('CPC') } };
