import pkg from '../../package.json'

export const PERFDESK_VERSION: string = pkg.version
