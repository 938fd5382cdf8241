/** Stands in for Node-only modules (undici) that ccxt references but never uses in a browser. */
export default {};
