/** Limits shared by the server and the web UI: change them here only. */
export const LIMITS = {
  usernameMax: 30,
  displayNameMax: 30,
  noteMax: 500,
  /** Profile fields, as Mastodon: at most 4, each name and value at most 255 characters. */
  profileFieldsMax: 4,
  profileFieldNameMax: 255,
  profileFieldValueMax: 255,
  passwordMin: 8,
  /** scrypt input beyond this is refused rather than silently truncated or slow. */
  passwordMax: 128,
  statusMax: 500,
  reasonMax: 2000,
  evidenceMax: 5000,
  verificationTextMax: 200,
  organNameMax: 100,
  /** How long a reviewer may undo their own approval or rejection (minutes). */
  verificationUndoMinutes: 10,
  positionMax: 60,
  /** An app's redirect_uris, newline-joined, as Mastodon bounds them (APP_REDIRECT_URI_LIMIT). */
  appRedirectUrisMax: 2000,
  /** How many redirect URIs one app may register (Mastodon has only the length bound). */
  appRedirectUriCount: 20,
  /** An app's website (Mastodon's APP_WEBSITE_LIMIT). */
  appWebsiteMax: 2000,
  /** Default and maximum page sizes of Mastodon list endpoints. */
  pageDefault: 20,
  pageMax: 40,
  directoryPageMax: 80,
  /** The census feed's page size (CONTRACT §4). */
  govDirectoryPageDefault: 100,
  govDirectoryPageMax: 1000,
  /** The longest search query taken (characters); longer is a 422 naming `q`. */
  searchQueryMax: 500,
  /** Search results per type: default and maximum (Mastodon's v2 search). */
  searchDefault: 20,
  searchMax: 40,
  /** The mention autocomplete (/api/v1/accounts/search): default and maximum. */
  accountSearchDefault: 40,
  accountSearchMax: 80,
  /** How far into the results offset may go. */
  searchOffsetMax: 10_000,
  /** A report's comment (Mastodon's Report::COMMENT_SIZE_LIMIT). */
  reportCommentMax: 1000,
  /** A collection's name and description (Mastodon's Collection validations for local ones). */
  collectionNameMax: 40,
  collectionDescriptionMax: 100,
  /** Accounts one collection features (Mastodon's Collection::MAX_ITEMS). */
  collectionItemsMax: 25,
  /** Collections one account may curate (Mastodon leaves it to the role; govblog's one limit). */
  collectionsPerAccount: 10,
  /** Collections per page of an account's list: default and maximum (Mastodon's DEFAULT_COLLECTIONS_LIMIT, twice it at most). */
  collectionsPageDefault: 40,
  collectionsPageMax: 80,
} as const;

export const USERNAME_PATTERN = /^[a-z0-9_]+$/i;

/** Media attachments, as Mastodon bounds them (the upload size limit is configuration: GOVBLOG_MEDIA_SIZE_LIMIT). */
export const MEDIA_LIMITS = {
  /** Attachments on one status. */
  perStatus: 4,
  /** Alt text. */
  descriptionMax: 1500,
  /** Pixels an uploaded image may have, every frame counted (Mastodon's MAX_MATRIX_LIMIT, 7680×4320): beyond it the file is refused undecoded. */
  imageMatrixLimit: 33_177_600,
  /** The stored original is shrunk to this many pixels (3840×2160). */
  originalPixels: 8_294_400,
  /** The thumbnail (640×360). */
  smallPixels: 230_400,
  /** Processing one image stops after this long (a 422, never a stuck request). */
  processingSeconds: 10,
  /** The image types accepted (by their bytes, not their names). */
  imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
  /** Unattached uploads are removed after this long. */
  unattachedHours: 24,
} as const;

/** Evidence files of a verification application (scans of the official letter or certificate): private, seen by the applicant and the reviewers only. */
export const EVIDENCE_LIMITS = {
  /** Files one application carries. */
  filesMax: 5,
  /** Bytes of one uploaded file. */
  fileBytesMax: 10 * 1024 * 1024,
  /** Characters of the file name kept for display. */
  filenameMax: 120,
  /** Uploads an account may hold that no application carries yet (bounding what a client can pile up before applying). */
  unattachedMax: 10,
  /** Uploads no application took are removed after this long. */
  unattachedHours: 24,
  /** The types accepted (by their bytes, not their names or the client's word). */
  types: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'],
} as const;

/** Polls, as Mastodon bounds them (its PollValidator); the instance's configuration.polls advertises these. */
export const POLL_LIMITS = {
  maxOptions: 4,
  maxCharactersPerOption: 50,
  /** Seconds: at least five minutes, at most a month. */
  minExpiration: 300,
  maxExpiration: 2_629_746,
} as const;

/** Bookmarks, favourites and pins, as Mastodon bounds them. */
export const COLLECTION_LIMITS = {
  /** Statuses one account may pin (Mastodon's StatusPinValidator::PIN_LIMIT). */
  pinsMax: 5,
  /** Ids in one GET /api/v1/statuses?id[] (Mastodon's DEFAULT_STATUSES_LIMIT) and /api/v1/accounts?id[] (DEFAULT_ACCOUNTS_LIMIT). */
  statusesByIdMax: 20,
  accountsByIdMax: 40,
} as const;
