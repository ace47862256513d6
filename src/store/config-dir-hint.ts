/** Where mkt keeps its files, for errors about them (the index, its lock, the file store). */
export const CONFIG_DIR_HINT = 'mkt keeps its files in MKT_CONFIG_DIR (default ~/.config/mkt): it must be a directory you can read and write';
