export declare const fixture: number;
