/** Types of build-cli.mjs (plain JavaScript so that it runs before anything is compiled). */
export declare const ROOT: string;
export declare const CLI_ENTRY: string;
export declare const CLI_BUNDLE: string;
export declare function buildCli(outfile?: string): Promise<void>;
export declare function cliBundleStale(outfile?: string): boolean;
