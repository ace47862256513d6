/**
 * English words a seller types, and the Russian stems the specs' titles use for them. Hand-made and
 * small on purpose: English words also match paths and operation ids (`stocks`, `getPrices`), so this
 * only has to bridge to the Russian titles.
 */
export const GLOSSARY: Readonly<Record<string, readonly string[]>> = {
  stock: ['остат', 'запас'],
  inventory: ['остат'],
  price: ['цен'],
  order: ['заказ'],
  posting: ['отправлени'],
  shipment: ['отгрузк', 'отправлени'],
  return: ['возврат'],
  product: ['товар'],
  offer: ['товар', 'предложени'],
  item: ['товар'],
  review: ['отзыв'],
  feedback: ['отзыв'],
  question: ['вопрос'],
  answer: ['ответ'],
  chat: ['чат'],
  message: ['сообщени'],
  warehouse: ['склад'],
  category: ['категори'],
  attribute: ['характеристик'],
  report: ['отчет'],
  finance: ['финанс', 'транзакци'],
  transaction: ['транзакци'],
  analytics: ['аналитик'],
  certificate: ['сертификат'],
  promotion: ['акци', 'продвижени'],
  promo: ['акци'],
  action: ['акци'],
  discount: ['скидк', 'уцен'],
  supply: ['поставк'],
  delivery: ['доставк'],
  label: ['этикетк', 'ярлык'],
  barcode: ['штрихкод'],
  cancel: ['отмен'],
  cancellation: ['отмен'],
  rating: ['рейтинг'],
  bid: ['ставк'],
  campaign: ['магазин'],
  shop: ['магазин'],
  business: ['кабинет'],
  region: ['регион'],
  tariff: ['тариф'],
  quarantine: ['карантин'],
  strategy: ['стратеги'],
  competitor: ['конкурент'],
  pass: ['пропуск'],
  document: ['документ'],
  invoice: ['фактур'],
  list: ['список', 'списк'],
  info: ['информаци'],
  update: ['обнов', 'изменени'],
  delete: ['удал'],
  create: ['созда'],
  token: ['токен'],
  role: ['рол'],
};

/** `stocks` → `stock`, `categories` → `category`: enough English to find a word above. */
export function englishSingular(word: string): string {
  if (word in GLOSSARY) return word;
  if (word.endsWith('ies') && `${word.slice(0, -3)}y` in GLOSSARY) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && word.slice(0, -2) in GLOSSARY) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}
